<?php
return [
    'ld_sdk_key' => 'sdk-3b04a1e6-beda-4207-9f9d-6b63112c573a',
    'debug' => false,
];
