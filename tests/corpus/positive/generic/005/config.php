<?php
return [
    'db_password' => 'DSDNqetynp0451^v3C1v',
    'debug' => false,
];
