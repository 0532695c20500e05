// AudioWorklet processor of the media capture element: device rate -> 16 kHz mono -> PCM16 little-endian frames.
//
// Runs on the audio rendering thread. Every frame (40 ms by default, 1280 bytes) is posted to the main thread as a
// transferred ArrayBuffer together with its RMS level, which the element uses for the level meter and barge-in.
// The main thread decides whether a frame is sent (mute, hold-back while the AI speaks); this file only converts.

const TARGET_RATE = 16000;
const CUTOFF_HZ = 7200; // below the 8 kHz Nyquist limit of the target rate, with room for the filter's roll-off
const TAPS = 47; // odd: a symmetric windowed-sinc low-pass with its centre on a sample

class Pcm16Capture extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const frameMs = (options.processorOptions && options.processorOptions.frameMs) || 40;
    this.frameSamples = Math.round((TARGET_RATE * frameMs) / 1000);
    this.step = sampleRate / TARGET_RATE; // input samples per output sample (3 for 48 kHz, 2.75625 for 44.1 kHz)
    this.taps = this.step > 1 ? lowPass(CUTOFF_HZ / sampleRate, TAPS) : new Float32Array([1]);
    this.half = (this.taps.length - 1) / 2;
    this.input = new Float32Array(8192); // pending input samples; index 0 is the oldest still needed
    this.length = this.half; // start with `half` zeros so the first output sample has its history
    this.position = this.half; // where the next output sample lies, in input samples (fractional)
    this.newFrame();
  }

  newFrame() {
    this.frame = new ArrayBuffer(this.frameSamples * 2);
    this.view = new DataView(this.frame);
    this.filled = 0;
    this.energy = 0;
  }

  process(inputs) {
    const channels = inputs[0];
    if (!channels || channels.length === 0) return true; // no device yet (or muted by the browser)
    this.append(channels);
    this.resample();
    return true;
  }

  append(channels) {
    const count = channels[0].length;
    if (this.length + count > this.input.length) {
      const bigger = new Float32Array((this.length + count) * 2);
      bigger.set(this.input.subarray(0, this.length));
      this.input = bigger;
    }
    for (let i = 0; i < count; i++) {
      let sum = 0;
      for (let c = 0; c < channels.length; c++) sum += channels[c][i];
      this.input[this.length + i] = sum / channels.length; // down-mix to mono
    }
    this.length += count;
  }

  resample() {
    // Output sample at fractional input position p: low-pass at floor(p) and floor(p)+1, then interpolate linearly.
    while (Math.floor(this.position) + 1 + this.half < this.length) {
      const i = Math.floor(this.position);
      const t = this.position - i;
      const a = this.filtered(i);
      const value = t === 0 ? a : a + (this.filtered(i + 1) - a) * t;
      this.push(value);
      this.position += this.step;
    }
    const drop = Math.floor(this.position) - this.half; // samples no future output needs
    if (drop > 0) {
      this.input.copyWithin(0, drop, this.length);
      this.length -= drop;
      this.position -= drop;
    }
  }

  filtered(centre) {
    const taps = this.taps;
    const start = centre - this.half;
    let sum = 0;
    for (let k = 0; k < taps.length; k++) sum += taps[k] * this.input[start + k];
    return sum;
  }

  push(value) {
    const clamped = Math.max(-1, Math.min(1, value));
    this.view.setInt16(this.filled * 2, clamped < 0 ? clamped * 0x8000 : clamped * 0x7fff, true);
    this.energy += clamped * clamped;
    this.filled += 1;
    if (this.filled === this.frameSamples) {
      const rms = Math.sqrt(this.energy / this.frameSamples);
      this.port.postMessage({ pcm: this.frame, rms }, [this.frame]);
      this.newFrame();
    }
  }
}

// Windowed-sinc (Blackman) low-pass with unity gain at DC; `cutoff` is a fraction of the input sample rate.
function lowPass(cutoff, count) {
  const taps = new Float32Array(count);
  const middle = (count - 1) / 2;
  let sum = 0;
  for (let n = 0; n < count; n++) {
    const x = n - middle;
    const sinc = x === 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * x) / (Math.PI * x);
    const window = 0.42 - 0.5 * Math.cos((2 * Math.PI * n) / (count - 1)) + 0.08 * Math.cos((4 * Math.PI * n) / (count - 1));
    taps[n] = sinc * window;
    sum += taps[n];
  }
  for (let n = 0; n < count; n++) taps[n] /= sum;
  return taps;
}

registerProcessor('aisobes-pcm16-capture', Pcm16Capture);
