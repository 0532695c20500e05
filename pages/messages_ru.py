"""Русские строки интерфейса (язык по умолчанию). Ключи совпадают с messages_en.py."""
RU: dict[str, str] = {
    'common.cancel': 'Отмена',
    'common.copy': 'Копировать',
    'common.copied': 'Ссылка скопирована',
    'common.back': 'Назад',
    'common.minutes': '{minutes} мин',

    'nav.interviews': 'Интервью',
    'nav.new': 'Новое интервью',
    'nav.demo': 'Демо',
    'nav.logout': 'Выйти',

    'status.not_started': 'Не начато',
    'status.started': 'Идёт',
    'status.finished': 'Завершено',
    'status.all': 'Все статусы',

    'room.title': 'Интервью',
    'room.finish': 'Завершить',
    'room.finish_title': 'Завершить интервью?',
    'room.finish_text': 'После завершения продолжить разговор будет нельзя.',
    'room.finish_confirm': 'Да, завершить',
    'room.thanks_title': 'Спасибо, {name}!',
    'room.thanks_text': 'Интервью завершено. Рекрутер получит запись разговора и свяжется с вами.',
    'room.thanks_duration': 'Длительность: {duration}',
    'room.deleted': 'Это интервью больше недоступно.',

    'lobby.hello': 'Здравствуйте, {name}!',
    'lobby.position': 'Интервью на позицию «{position}»',
    'lobby.duration': 'Рекомендуемая длительность: {minutes} мин',
    'lobby.devices': 'Проверка устройств',
    'lobby.camera': 'Камера: {state}',
    'lobby.microphone': 'Микрофон: {state}',
    'lobby.media_unavailable': 'Камера и микрофон в этой версии недоступны',
    'lobby.typing_only': 'Отвечать можно текстом в чате',
    'lobby.retry': 'Повторить',
    'lobby.without_camera': 'Продолжить без камеры',
    'lobby.without_microphone': 'Продолжить без микрофона',
    'lobby.consent': 'Ваша речь распознаётся и сохраняется как текст вместе с сообщениями чата; видео и звук не '
                     'записываются. Расшифровку и отчёт видит только рекрутер этой вакансии. Нажимая «Начать '
                     'интервью», вы соглашаетесь с этим.',
    'lobby.start': 'Начать интервью',

    'device.on': 'работает',
    'device.off': 'выключен(а)',
    'device.error': 'ошибка',
    'device.unavailable': 'не найден(а)',
    'device.starting': 'подключение…',
    'device_name.camera': 'камере',
    'device_name.microphone': 'микрофону',

    'error.permission_denied': 'Браузер не дал доступ к {device}. Разрешите доступ в настройках сайта (значок '
                               'замка в адресной строке) и нажмите «Повторить».',
    'error.no_device': 'Устройство не найдено. Подключите его и нажмите «Повторить».',
    'error.busy': 'Устройство занято другим приложением (Zoom, Teams…). Закройте его и нажмите «Повторить».',
    'error.insecure_context': 'Браузер разрешает камеру и микрофон только на защищённых страницах (https или '
                              'localhost). Откройте ссылку по https.',
    'error.other': 'Не удалось получить доступ к {device}. Нажмите «Повторить» или продолжите без устройства.',

    'stage.camera_on': 'Выключить камеру',
    'stage.camera_off': 'Камера выключена',
    'stage.no_camera': 'Видео недоступно',
    'stage.mic_on': 'Выключить микрофон',
    'stage.mic_off': 'Микрофон выключен',
    'stage.voice_on': 'Выключить голос AI HR',
    'stage.voice_off': 'Включить голос AI HR',

    'ai.name': 'AI HR',
    'ai.speaking': 'говорит',
    'ai.thinking': 'печатает…',
    'ai.listening': 'слушает',
    'ai.waiting': 'ждёт начала',

    'speech.starting': 'распознавание речи запускается…',
    'speech.listening': 'слушаю',
    'speech.recognising': 'распознаю речь…',
    'speech.reconnecting': 'переподключение распознавания…',
    'speech.unavailable': 'распознавание речи недоступно — пишите в чат',
    'speech.off': 'распознавание речи выключено',
    'speech.muted': 'микрофон выключен',

    'chat.title': 'Чат',
    'chat.empty': 'Сообщений пока нет',
    'chat.placeholder': 'Напишите сообщение…',
    'chat.send': 'Отправить',
    'chat.you': 'Вы',
    'chat.recruiter': 'Рекрутер',
    'chat.spoken': 'Сказано голосом',
    'chat.closed': 'Интервью завершено, чат только для чтения',
    'chat.recruiter_placeholder': 'Написать в интервью от имени рекрутера…',

    'notfound.title': 'Страница не найдена',
    'notfound.interview': 'Ссылка на интервью неверна или интервью удалено. Проверьте ссылку или напишите '
                          'рекрутеру.',
    'notfound.page': 'Такой страницы нет.',
}
