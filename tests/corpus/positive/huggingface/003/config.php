<?php
return [
    'hf_token' => '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',
    'debug' => false,
];
