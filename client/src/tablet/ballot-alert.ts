/**
 * A short cue when a ballot opens, for a delegate reading a document or looking up: a beep
 * (WebAudio, no sound file) and a vibration where the tablet has one. Browsers allow audio only
 * after the page has been touched once; before that the cue is silent and the screen alone tells.
 */
let audio: AudioContext | null = null;

export function ballotOpenedCue(): void {
  try {
    navigator.vibrate?.([200, 100, 200]);
  } catch {
    // No vibration motor, or not allowed: the screen still changes.
  }
  try {
    audio ??= new AudioContext();
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.frequency.value = 880;
    gain.gain.setValueAtTime(0.25, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.6);
    tone.connect(gain).connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.6);
  } catch {
    // No audio device, or audio not yet allowed on this page.
  }
}
