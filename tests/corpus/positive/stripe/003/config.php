<?php
return [
    'stripe_secret_key' => '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',
    'debug' => false,
];
