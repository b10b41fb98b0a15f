<?php
return [
    'api_token' => 'xxxxxxxxxxxxxxxxxxxxxxxxxxxx',
    'debug' => false,
];
