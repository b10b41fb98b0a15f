<?php
return [
    'notion_token' => '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',
    'debug' => false,
];
