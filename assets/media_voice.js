// The AI interviewer's voice: the browser's speech synthesis in the interview's language.
//
// Chrome stops long utterances after about 15 s, so the text is spoken sentence by sentence. "Speaking" is reported
// only once the synthesis has really started (onstart), so a headless or voiceless browser, which never starts or
// fails at once, never holds the microphone back; it reports "not speaking" right away. A turn that has not started
// after START_TIMEOUT_MS is dropped rather than spoken late (speech-dispatcher may need a few seconds the first time).

const START_TIMEOUT_MS = 10000;
const MAX_CHUNK = 180;

export class Voice {
  constructor(onSpeaking) {
    this.onSpeaking = onSpeaking; // (speaking: bool) => void, called on changes only
    this.speaking = false;
    this.generation = 0;
    this.synth = window.speechSynthesis || null;
    if (this.synth) this.synth.getVoices(); // Chrome loads the voice list lazily
  }

  speak(text, lang) {
    this.cancel();
    if (!this.synth || !window.SpeechSynthesisUtterance || !text || !text.trim()) return this.onSpeaking(false);
    const generation = ++this.generation;
    const chunks = splitSentences(text);
    const voice = pickVoice(this.synth.getVoices(), lang);
    let started = false;
    const watchdog = setTimeout(() => {
      if (!started && generation === this.generation) {
        this.cancel();
        this.onSpeaking(false);
      }
    }, START_TIMEOUT_MS);
    chunks.forEach((chunk, index) => {
      const utterance = new SpeechSynthesisUtterance(chunk);
      utterance.lang = voice ? voice.lang : fullLang(lang);
      if (voice) utterance.voice = voice;
      utterance.onstart = () => {
        if (generation !== this.generation) return;
        started = true;
        clearTimeout(watchdog);
        this.setSpeaking(true);
      };
      const finished = () => {
        if (generation !== this.generation) return;
        if (index === chunks.length - 1) {
          clearTimeout(watchdog);
          this.setSpeaking(false);
        }
      };
      utterance.onend = finished;
      utterance.onerror = () => {
        if (generation !== this.generation) return;
        clearTimeout(watchdog);
        const wasSpeaking = this.speaking;
        this.cancel();
        if (!wasSpeaking) this.onSpeaking(false); // failed before it started: say so, the room may be waiting
      };
      this.synth.speak(utterance);
    });
  }

  cancel() {
    this.generation += 1;
    if (this.synth && (this.synth.speaking || this.synth.pending)) this.synth.cancel();
    this.setSpeaking(false);
  }

  setSpeaking(speaking) {
    if (speaking === this.speaking) return;
    this.speaking = speaking;
    this.onSpeaking(speaking);
  }
}

export function fullLang(lang) {
  const short = (lang || 'ru').toLowerCase().slice(0, 2);
  return { ru: 'ru-RU', en: 'en-US' }[short] || lang;
}

function pickVoice(voices, lang) {
  const wanted = fullLang(lang).toLowerCase();
  const prefix = wanted.slice(0, 2);
  const matches = voices.filter((v) => v.lang && v.lang.toLowerCase().replace('_', '-').startsWith(prefix));
  return (
    matches.find((v) => v.lang.toLowerCase().replace('_', '-') === wanted && v.localService) ||
    matches.find((v) => v.lang.toLowerCase().replace('_', '-') === wanted) ||
    matches.find((v) => v.localService) ||
    matches[0] ||
    null
  );
}

function splitSentences(text) {
  const sentences = text.replace(/\s+/g, ' ').trim().match(/[^.!?…]+[.!?…]*\s*/g) || [text];
  const chunks = [];
  let current = '';
  for (const sentence of sentences) {
    if (current && (current + sentence).length > MAX_CHUNK) {
      chunks.push(current.trim());
      current = '';
    }
    current += sentence;
  }
  if (current.trim()) chunks.push(current.trim());
  return chunks;
}
