// Camera and microphone acquisition for the media capture element, with getUserMedia failures sorted into the
// kinds the room explains to the candidate: permission_denied, no_device, busy, insecure_context, other.

const VIDEO = { width: { ideal: 640 }, height: { ideal: 360 }, frameRate: { ideal: 24, max: 30 }, facingMode: 'user' };
const AUDIO = { channelCount: 1, echoCancellation: true, noiseSuppression: true, autoGainControl: true };

export function errorKind(error) {
  switch (error && error.name) {
    case 'NotAllowedError':
    case 'SecurityError':
    case 'PermissionDeniedError': // older Chrome
      return 'permission_denied';
    case 'NotFoundError':
    case 'OverconstrainedError':
    case 'DevicesNotFoundError':
      return 'no_device';
    case 'NotReadableError':
    case 'AbortError':
    case 'TrackStartError':
      return 'busy';
    case 'InsecureContextError':
      return 'insecure_context';
    default:
      return 'other';
  }
}

export function mediaAvailable() {
  return Boolean(window.isSecureContext && navigator.mediaDevices && navigator.mediaDevices.getUserMedia);
}

function insecure() {
  const error = new Error('Camera and microphone need HTTPS (or http://localhost)');
  error.name = 'InsecureContextError';
  return error;
}

// Asks for the wanted devices at once (one permission prompt); when that fails, asks for each alone so that a
// missing camera does not cost the microphone. Resolves to {video, audio, errors}: tracks or null per device and
// {device, kind, message} for each failure.
export async function acquire({ camera, microphone }) {
  const result = { video: null, audio: null, errors: [] };
  if (!camera && !microphone) return result;
  if (!mediaAvailable()) {
    for (const device of wanted(camera, microphone)) result.errors.push(describe(device, insecure()));
    return result;
  }
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ video: camera && VIDEO, audio: microphone && AUDIO });
    result.video = stream.getVideoTracks()[0] || null;
    result.audio = stream.getAudioTracks()[0] || null;
    return result;
  } catch (error) {
    if (!(camera && microphone)) {
      result.errors.push(describe(camera ? 'camera' : 'microphone', error));
      return result;
    }
  }
  const [video, audio] = await Promise.allSettled([
    navigator.mediaDevices.getUserMedia({ video: VIDEO }),
    navigator.mediaDevices.getUserMedia({ audio: AUDIO }),
  ]);
  if (video.status === 'fulfilled') result.video = video.value.getVideoTracks()[0] || null;
  else result.errors.push(describe('camera', video.reason));
  if (audio.status === 'fulfilled') result.audio = audio.value.getAudioTracks()[0] || null;
  else result.errors.push(describe('microphone', audio.reason));
  return result;
}

function wanted(camera, microphone) {
  return [camera && 'camera', microphone && 'microphone'].filter(Boolean);
}

function describe(device, error) {
  return { device, kind: errorKind(error), message: `${(error && error.name) || 'Error'}: ${(error && error.message) || error}` };
}

export function stopTrack(track) {
  if (track) {
    try {
      track.stop();
    } catch (e) {
      // already stopped
    }
  }
}
