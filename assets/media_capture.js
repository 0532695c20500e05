// The media capture element (Vue component behind pages/media.py): camera preview, microphone level, the 16 kHz
// PCM16 stream to the speech WebSocket, and the AI's voice with barge-in.
//
// Python sets what is wanted through props (camera, microphone, streaming, voice, active; `acquire` is bumped by
// start() to retry) and runs speak()/cancelSpeech(); the element reports back with low-rate events:
// 'devices', 'level' (5 Hz), 'speech', 'speaking', 'barge_in'. Everything is released when the element is
// unmounted or the page goes away.
import { acquire, stopTrack } from 'media_devices';
import { AudioPipeline, meterLevel } from 'media_audio';
import { SpeechSocket } from 'media_socket';
import { Voice, fullLang } from 'media_voice';

const FRAME_MS = 40;
const LEVEL_EVERY_MS = 200;
const BARGE_WINDOW = 12; // frames (480 ms) looked at while the AI speaks ...
const BARGE_LOUD = 8; // ... of which this many (320 ms; speech has gaps) must be loud: the candidate talks over it
const BARGE_MIN_RMS = 0.03; // about -30 dBFS: quieter than that is room noise or the AI's own voice
const PRE_ROLL = 15; // frames (600 ms) kept while holding back, so the first word of a barge-in is not lost

export default {
  template: `
    <div class="aisobes-media-capture" style="position: relative; overflow: hidden; background: #000">
      <video ref="video" data-testid="self-view" autoplay muted playsinline
             :style="{width: '100%', height: '100%', objectFit: 'cover', transform: 'scaleX(-1)',
                      visibility: cameraOn ? 'visible' : 'hidden'}"></video>
      <slot></slot>
    </div>`,
  props: {
    language: { type: String, default: 'ru' },
    speechUrl: { type: String, default: null },
    active: { type: Boolean, default: true },
    camera: { type: Boolean, default: true },
    microphone: { type: Boolean, default: true },
    streaming: { type: Boolean, default: false },
    voice: { type: Boolean, default: true },
    acquire: { type: Number, default: 0 },
    resourcePath: String,
  },
  data() {
    return { cameraOn: false };
  },
  mounted() {
    this.tracks = { video: null, audio: null };
    this.errors = {}; // device -> {device, kind, message}
    this.socket = null;
    this.peak = 0;
    this.lastLevel = -1;
    this.recent = [];
    this.held = [];
    this.floor = 0.005;
    this.pipeline = new AudioPipeline(() => this.workletUrl(), (pcm, rms) => this.frame(pcm, rms), FRAME_MS);
    this.voiceEngine = new Voice((speaking) => this.speakingChanged(speaking));
    this.teardown = () => this.release();
    this.comeBack = (event) => event.persisted && this.active && this.ensureDevices(); // back from the bfcache
    window.addEventListener('pagehide', this.teardown);
    window.addEventListener('pageshow', this.comeBack);
    this.levelTimer = setInterval(() => this.reportLevel(), LEVEL_EVERY_MS);
    if (this.active) this.$nextTick(() => this.ensureDevices()); // wait for window.path_prefix
  },
  unmounted() {
    window.removeEventListener('pagehide', this.teardown);
    window.removeEventListener('pageshow', this.comeBack);
    clearInterval(this.levelTimer);
    this.release();
  },
  watch: {
    active(on) {
      if (on) this.ensureDevices();
      else this.release();
    },
    acquire() {
      if (this.socket && this.socket.closed) this.closeSocket(); // a retry may also revive a refused stream
      if (!this.active) return;
      if (!this.microphone) this.dropAudio(); // start(microphone=false): "continue without microphone"
      this.ensureDevices();
    },
    camera(on) {
      if (!this.active) return;
      if (on) this.ensureDevices();
      else this.dropVideo();
    },
    microphone(on) {
      if (!this.active) return;
      if (this.tracks.audio) this.tracks.audio.enabled = on;
      if (this.socket) this.socket.setMuted(!on);
      if (on && !this.tracks.audio) this.ensureDevices();
      else this.reportDevices();
    },
    streaming() {
      this.syncSocket();
    },
    speechUrl() {
      this.closeSocket();
      this.syncSocket();
    },
    voice(on) {
      if (!on) this.voiceEngine.cancel();
    },
  },
  methods: {
    // ---- devices ----
    async ensureDevices() {
      const wantVideo = this.camera && !live(this.tracks.video);
      const wantAudio = this.microphone && !live(this.tracks.audio);
      if (!wantVideo && !wantAudio) return this.reportDevices();
      const attempt = (this.attempt = (this.attempt || 0) + 1);
      const got = await acquire({ camera: wantVideo, microphone: wantAudio });
      if (attempt !== this.attempt || !this.active || this.$.isUnmounted) {
        stopTrack(got.video);
        stopTrack(got.audio);
        return;
      }
      if (wantVideo) delete this.errors.camera;
      if (wantAudio) delete this.errors.microphone;
      for (const error of got.errors) this.errors[error.device] = error;
      if (got.video) this.useVideo(got.video);
      if (got.audio) await this.useAudio(got.audio);
      this.reportDevices();
      this.syncSocket();
    },
    useVideo(track) {
      stopTrack(this.tracks.video);
      if (!this.camera) return stopTrack(track); // switched off while the camera was starting
      this.tracks.video = track;
      track.addEventListener('ended', () => this.deviceLost('camera', track));
      this.$refs.video.srcObject = new MediaStream([track]);
      this.$refs.video.play().catch(() => {}); // muted autoplay is allowed; this only covers browsers that pause it
      this.cameraOn = true;
    },
    async useAudio(track) {
      stopTrack(this.tracks.audio);
      this.tracks.audio = track;
      track.enabled = this.microphone;
      track.addEventListener('ended', () => this.deviceLost('microphone', track));
      try {
        await this.pipeline.start(track);
      } catch (error) {
        this.errors.microphone = { device: 'microphone', kind: 'other', message: `audio processing: ${error}` };
      }
    },
    dropVideo() {
      stopTrack(this.tracks.video); // really off: the camera light goes out
      this.tracks.video = null;
      this.$refs.video.srcObject = null;
      this.cameraOn = false;
      this.reportDevices();
    },
    dropAudio() {
      this.pipeline.stop();
      stopTrack(this.tracks.audio);
      this.tracks.audio = null;
      this.syncSocket();
    },
    deviceLost(device, track) {
      const key = device === 'camera' ? 'video' : 'audio';
      if (this.tracks[key] !== track) return;
      this.tracks[key] = null;
      if (device === 'camera') this.dropVideo();
      else this.pipeline.stop();
      this.errors[device] = { device, kind: 'no_device', message: 'the device was disconnected' };
      this.reportDevices();
      this.syncSocket();
    },
    deviceState(device) {
      const track = device === 'camera' ? this.tracks.video : this.tracks.audio;
      const wanted = device === 'camera' ? this.camera : this.microphone;
      if (live(track)) return wanted ? 'on' : 'off';
      const error = this.errors[device];
      if (error) return error.kind === 'insecure_context' ? 'unavailable' : 'error';
      return 'off';
    },
    reportDevices() {
      const errors = Object.values(this.errors);
      const state = { camera: this.deviceState('camera'), microphone: this.deviceState('microphone') };
      const key = JSON.stringify([state, errors]);
      if (key === this.lastDevices) return;
      this.lastDevices = key;
      this.$emit('devices', { ...state, error: errors[0] || null, errors });
    },

    // ---- audio frames: level, hold-back while the AI speaks, barge-in, streaming ----
    frame(pcm, rms) {
      this.peak = Math.max(this.peak, rms);
      if (!this.microphone) return; // muted: nothing leaves the browser
      if (this.voiceEngine.speaking && this.detectBargeIn(rms)) {
        const preRoll = this.held; // taken first: the end of speaking drops what was held back
        this.held = [];
        this.voiceEngine.cancel();
        this.$emit('barge_in', {});
        for (const held of preRoll) this.socket && this.socket.send(held);
      }
      if (this.voiceEngine.speaking) {
        this.held.push(pcm);
        if (this.held.length > PRE_ROLL) this.held.shift();
        return;
      }
      if (this.socket) this.socket.send(pcm);
    },
    detectBargeIn(rms) {
      const threshold = Math.max(BARGE_MIN_RMS, 3 * this.floor);
      this.floor = rms < this.floor ? 0.9 * this.floor + 0.1 * rms : 0.995 * this.floor + 0.005 * rms;
      this.recent.push(rms > threshold);
      if (this.recent.length > BARGE_WINDOW) this.recent.shift();
      return this.recent.filter(Boolean).length >= BARGE_LOUD;
    },
    reportLevel() {
      if (!this.tracks || !this.tracks.audio) return;
      const level = Math.round(meterLevel(this.microphone ? this.peak : 0) * 100) / 100;
      this.peak = 0;
      if (level === this.lastLevel && level === 0) return; // silence is said once, not five times a second
      this.lastLevel = level;
      this.$emit('level', { level });
    },

    // ---- speech socket ----
    syncSocket() {
      const wanted = this.active && this.streaming && this.speechUrl && live(this.tracks.audio);
      if (wanted && !this.socket) {
        this.socket = new SpeechSocket(this.speechUrl, (state, detail) => this.$emit('speech', { state, detail }));
        this.socket.setMuted(!this.microphone);
      } else if (!wanted && this.socket) {
        this.closeSocket();
      }
    },
    closeSocket() {
      if (!this.socket) return;
      this.socket.close();
      this.socket = null;
      this.$emit('speech', { state: 'off', detail: null });
    },

    // ---- voice ----
    speak(text, lang) {
      if (!this.voice) return;
      this.pipeline.resume(); // a run_method call is no gesture, but the page has had one by now (Start)
      this.voiceEngine.speak(text, lang || fullLang(this.language));
    },
    cancelSpeech() {
      this.voiceEngine.cancel();
    },
    speakingChanged(speaking) {
      this.recent = [];
      if (!speaking) this.held = []; // what was held back while the AI spoke is its own echo, not the candidate
      this.$emit('speaking', { speaking });
    },

    // ---- teardown ----
    release() {
      this.attempt = (this.attempt || 0) + 1; // a pending acquisition stops its tracks when it resolves
      if (this.voiceEngine) this.voiceEngine.cancel();
      this.closeSocket();
      if (this.pipeline) this.pipeline.stop();
      if (this.tracks) {
        stopTrack(this.tracks.video);
        stopTrack(this.tracks.audio);
        this.tracks = { video: null, audio: null };
      }
      if (this.$refs.video) this.$refs.video.srcObject = null;
      this.cameraOn = false;
      if (!this.$.isUnmounted) this.reportDevices();
    },
    workletUrl() {
      return `${window.path_prefix || ''}${this.resourcePath}/capture_worklet.js`;
    },
  },
};

function live(track) {
  return Boolean(track) && track.readyState === 'live';
}
