// The microphone's audio graph: MediaStreamSource -> AudioWorklet (capture_worklet.js) -> 16 kHz PCM16 frames.
//
// Browsers start an AudioContext suspended until the person has interacted with the page, so the pipeline resumes
// itself on the first click or key press (the lobby's Start button at the latest).

const GESTURES = ['pointerdown', 'keydown', 'touchend'];

export class AudioPipeline {
  constructor(workletUrl, onFrame, frameMs = 40) {
    this.workletUrl = workletUrl; // () => URL, read when starting (window.path_prefix is set late)
    this.onFrame = onFrame; // (pcm: ArrayBuffer, rms: number) => void
    this.frameMs = frameMs;
    this.context = null;
    this.source = null;
    this.node = null;
    this.resume = () => {
      if (this.context && this.context.state === 'suspended') this.context.resume().catch(() => {});
    };
  }

  async start(track) {
    this.stop();
    const context = new AudioContext({ latencyHint: 'interactive' });
    this.context = context;
    await context.audioWorklet.addModule(this.workletUrl());
    if (this.context !== context) return; // stopped (or restarted) while the module loaded
    this.source = context.createMediaStreamSource(new MediaStream([track]));
    this.node = new AudioWorkletNode(context, 'aisobes-pcm16-capture', {
      numberOfInputs: 1,
      numberOfOutputs: 0, // a sink: Chrome pulls output-less worklet nodes without connecting them to the speakers
      processorOptions: { frameMs: this.frameMs },
    });
    this.node.port.onmessage = (event) => this.onFrame(event.data.pcm, event.data.rms);
    this.source.connect(this.node);
    for (const type of GESTURES) document.addEventListener(type, this.resume, { capture: true });
    this.resume();
  }

  get running() {
    return this.context !== null && this.context.state === 'running';
  }

  stop() {
    for (const type of GESTURES) document.removeEventListener(type, this.resume, { capture: true });
    if (this.node) {
      this.node.port.onmessage = null;
      this.node.disconnect();
    }
    if (this.source) this.source.disconnect();
    if (this.context && this.context.state !== 'closed') this.context.close().catch(() => {});
    this.context = this.source = this.node = null;
  }
}

// RMS in 0..1 -> meter level in 0..1 on a decibel scale (-60 dBFS .. 0 dBFS), which is how loudness is perceived.
export function meterLevel(rms) {
  if (rms <= 0) return 0;
  return Math.max(0, Math.min(1, (20 * Math.log10(rms) + 60) / 60));
}
