<?php
return [
    'google_api_key' => 'AIzakw_e9IIWxCN_8xaE58RrPkaW_-L5om685lB',
    'debug' => false,
];
