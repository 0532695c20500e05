// The dedicated speech WebSocket of the media capture element: binary PCM16 frames up, JSON state messages down.
// Not NiceGUI's socket.io, which is base64/JSON, size-capped and tied to the tab's UI connection.
//
// After a network blip it reconnects with exponential backoff (state 'reconnecting'). When the server refuses the
// session with one of its 44xx close codes it does not hammer it: an interview that has not started yet is retried
// slowly a few times, anything else (unknown link, finished, bad frames) stops the socket for good.

const NOT_STARTED = 4409;
const UNAVAILABLE = 1011; // the server has no speech recognition (or it broke): retry, but rarely
const SLOW_RETRIES = 5;
const MAX_BACKOFF_MS = 15000;
const MAX_BUFFERED = 256 * 1024; // about 8 s of audio; beyond that the network is not keeping up and frames are dropped

export function speechSocketUrl(url) {
  if (/^wss?:\/\//.test(url)) return url;
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  const path = url.startsWith('/') ? (window.path_prefix || '') + url : url;
  return `${scheme}//${window.location.host}${path}`;
}

export class SpeechSocket {
  constructor(url, onState) {
    this.url = speechSocketUrl(url);
    this.onState = onState; // (state, detail) => void
    this.ws = null;
    this.failures = 0;
    this.slowRetries = 0;
    this.timer = null;
    this.closed = false;
    this.dropped = 0;
    this.muted = false;
    this.connect();
  }

  get open() {
    return this.ws !== null && this.ws.readyState === WebSocket.OPEN;
  }

  send(buffer) {
    if (!this.open) return false;
    if (this.ws.bufferedAmount > MAX_BUFFERED) {
      this.dropped += 1;
      return false;
    }
    this.ws.send(buffer);
    return true;
  }

  // Tells the server that the candidate muted, so that it ends the utterance in progress instead of waiting for
  // audio that will not come.
  setMuted(muted) {
    if (muted === this.muted) return;
    this.muted = muted;
    if (this.open) this.ws.send(JSON.stringify({ type: muted ? 'mute' : 'unmute' }));
  }

  close() {
    this.closed = true;
    clearTimeout(this.timer);
    if (this.ws) {
      const ws = this.ws;
      this.ws = null;
      ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close(1000, 'closed by page');
    }
  }

  connect() {
    if (this.closed) return;
    this.onState(this.failures === 0 ? 'starting' : 'reconnecting', null);
    const ws = new WebSocket(this.url);
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    ws.onopen = () => {
      this.failures = 0;
      if (this.muted) ws.send(JSON.stringify({ type: 'mute' }));
    };
    ws.onmessage = (event) => this.receive(event.data);
    ws.onclose = (event) => this.closedBy(event.code, event.reason);
  }

  receive(data) {
    if (typeof data !== 'string') return;
    let message;
    try {
      message = JSON.parse(data);
    } catch (e) {
      return;
    }
    if (message && message.type === 'state' && message.state) {
      this.slowRetries = 0;
      this.onState(message.state, message.detail ?? null);
    }
  }

  closedBy(code, reason) {
    this.ws = null;
    if (this.closed) return;
    if (code === NOT_STARTED && this.slowRetries < SLOW_RETRIES) {
      this.slowRetries += 1;
      this.onState('starting', reason || 'interview not started');
      this.retryIn(5000 * this.slowRetries);
    } else if (code === UNAVAILABLE) {
      this.onState('unavailable', reason || 'speech recognition is not available');
      this.retryIn(30000);
    } else if (code >= 4400 && code < 4500) {
      this.closed = true;
      this.onState('off', reason || `refused (${code})`);
    } else {
      this.failures += 1;
      this.onState('reconnecting', reason || `connection lost (${code})`);
      this.retryIn(Math.min(MAX_BACKOFF_MS, 500 * 2 ** (this.failures - 1)) * (0.8 + Math.random() * 0.4));
    }
  }

  retryIn(ms) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.connect(), ms);
  }
}
