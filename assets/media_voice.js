// The AI interviewer's voice: the browser's speech synthesis in the interview's language.
//
// Chrome stops long utterances after about 15 s, so the text is spoken sentence by sentence. Headless or voiceless
// browsers may never start speaking (or fail at once); a watchdog then reports "not speaking" within a second and a
// half, so the microphone is never held back for nothing.

const START_TIMEOUT_MS = 1500;
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
    if (!this.synth || !window.SpeechSynthesisUtterance || !text || !text.trim()) return;
    const generation = ++this.generation;
    const chunks = splitSentences(text);
    const voice = pickVoice(this.synth.getVoices(), lang);
    let started = false;
    const watchdog = setTimeout(() => {
      if (!started && generation === this.generation) this.cancel();
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
        this.cancel();
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
