/** The alert's three beeps: pitch in Hz, length and gap in seconds, loudness from 0 to 1. */
const BEEP_HZ = 880;
const BEEP_S = 0.22;
const BEEP_GAP_S = 0.12;
const BEEP_COUNT = 3;
const BEEP_GAIN = 0.35;

let context: AudioContext | null = null;

/**
 * Sounds three short beeps for a new critical incident (`?sound=1`). Browsers play sound only
 * after a click on the page unless the kiosk starts Chromium with
 * `--autoplay-policy=no-user-gesture-required`; without that it is silent, never an error.
 * One AudioContext is kept for the page's life: each new one holds audio resources.
 */
export function soundCriticalAlert(): void {
  try {
    context ??= new AudioContext();
    void context.resume().catch(() => undefined);
    const start = context.currentTime;
    for (let beep = 0; beep < BEEP_COUNT; beep += 1) {
      const at = start + beep * (BEEP_S + BEEP_GAP_S);
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.frequency.value = BEEP_HZ;
      gain.gain.setValueAtTime(BEEP_GAIN, at);
      gain.gain.exponentialRampToValueAtTime(0.001, at + BEEP_S);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(at);
      oscillator.stop(at + BEEP_S);
    }
  } catch (error) {
    console.warn('Mirsad: the wall could not sound its alert', error);
  }
}
