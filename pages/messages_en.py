"""English UI strings. Same keys as messages_ru.py."""
EN: dict[str, str] = {
    'common.cancel': 'Cancel',
    'common.copy': 'Copy',
    'common.copied': 'Link copied',
    'common.back': 'Back',
    'common.minutes': '{minutes} min',

    'nav.interviews': 'Interviews',
    'nav.new': 'New interview',
    'nav.demo': 'Demo',
    'nav.logout': 'Log out',

    'status.not_started': 'Not started',
    'status.started': 'In progress',
    'status.finished': 'Finished',
    'status.all': 'All statuses',

    'room.title': 'Interview',
    'room.finish': 'Finish',
    'room.finish_title': 'Finish the interview?',
    'room.finish_text': 'Once finished, the conversation cannot be continued.',
    'room.finish_confirm': 'Yes, finish',
    'room.thanks_title': 'Thank you, {name}!',
    'room.thanks_text': 'The interview is over. The recruiter will receive the transcript and get back to you.',
    'room.thanks_duration': 'Duration: {duration}',
    'room.deleted': 'This interview is no longer available.',

    'lobby.hello': 'Hello, {name}!',
    'lobby.position': 'Interview for the position "{position}"',
    'lobby.duration': 'Recommended duration: {minutes} min',
    'lobby.devices': 'Device check',
    'lobby.camera': 'Camera: {state}',
    'lobby.microphone': 'Microphone: {state}',
    'lobby.media_unavailable': 'Camera and microphone are not available in this version',
    'lobby.typing_only': 'You can answer by typing in the chat',
    'lobby.retry': 'Retry',
    'lobby.without_camera': 'Continue without camera',
    'lobby.without_microphone': 'Continue without microphone',
    'lobby.consent': 'Your speech is transcribed and stored as text together with the chat messages; video and '
                     'audio are not recorded. Only the recruiter of this position sees the transcript and the '
                     'report. By pressing "Start interview" you agree to this.',
    'lobby.start': 'Start interview',

    'device.on': 'working',
    'device.off': 'off',
    'device.error': 'error',
    'device.unavailable': 'not found',
    'device.starting': 'connecting…',
    'device_name.camera': 'the camera',
    'device_name.microphone': 'the microphone',

    'error.permission_denied': 'The browser denied access to {device}. Allow it in the site settings (the lock '
                               'icon in the address bar) and press "Retry".',
    'error.no_device': 'No device found. Connect one and press "Retry".',
    'error.busy': 'The device is used by another application (Zoom, Teams…). Close it and press "Retry".',
    'error.insecure_context': 'Browsers allow the camera and microphone only on secure pages (https or localhost). '
                              'Open the link over https.',
    'error.other': 'Could not access {device}. Press "Retry" or continue without it.',

    'stage.camera_on': 'Turn camera off',
    'stage.camera_off': 'Camera is off',
    'stage.no_camera': 'Video unavailable',
    'stage.mic_on': 'Mute microphone',
    'stage.mic_off': 'Microphone is muted',
    'stage.voice_on': 'Mute the AI HR voice',
    'stage.voice_off': 'Unmute the AI HR voice',

    'ai.name': 'AI HR',
    'ai.speaking': 'speaking',
    'ai.thinking': 'typing…',
    'ai.listening': 'listening',
    'ai.waiting': 'waiting for the start',

    'speech.starting': 'speech recognition is starting…',
    'speech.listening': 'listening',
    'speech.recognising': 'recognising speech…',
    'speech.reconnecting': 'speech recognition reconnecting…',
    'speech.unavailable': 'speech recognition unavailable: please type in the chat',
    'speech.off': 'speech recognition is off',
    'speech.muted': 'microphone muted',

    'chat.title': 'Chat',
    'chat.empty': 'No messages yet',
    'chat.placeholder': 'Type a message…',
    'chat.send': 'Send',
    'chat.you': 'You',
    'chat.recruiter': 'Recruiter',
    'chat.spoken': 'Spoken',
    'chat.closed': 'The interview is finished; the chat is read-only',
    'chat.recruiter_placeholder': 'Write into the interview as the recruiter…',

    'notfound.title': 'Page not found',
    'notfound.interview': 'This interview link is wrong or the interview was deleted. Check the link or contact '
                          'the recruiter.',
    'notfound.page': 'There is no such page.',
}
