<?php
return [
    'jwt_secret' => 'DPk1jE3xaB5WWSvJ_758iTGDh02u2O7u',
    'debug' => false,
];
