<?php
return [
    'telegram_bot_token' => '7801976218:AAHXlFl8_f9RTqLRXEbwk9S5fdQiQRrEuv3',
    'debug' => false,
];
