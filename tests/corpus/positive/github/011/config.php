<?php
return [
    'github_pat' => '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',
    'debug' => false,
];
