"""Speech: microphone audio -> voice activity detection -> Whisper -> live partial text and final chat messages.

The composition root builds `service.SpeechService` with the engine `engines.create_transcriber(settings)` picks.
"""
