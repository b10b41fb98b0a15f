<?php
return [
    'doppler_token' => 'dp.st.prd.juywOW7GBXI9jjM6QNz3EZpA7wR6GPKjYjVrOjVMFp3',
    'debug' => false,
];
