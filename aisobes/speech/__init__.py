"""Speech: microphone audio -> voice activity detection -> Whisper -> live partial text and final chat messages.

Entry point for the composition root: `service.SpeechService(settings, rooms, chat, interviews)`.
"""
