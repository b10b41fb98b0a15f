<?php
return [
    'client_secret' => '-J9T_1KCMX91KhbcD0kcm0kg8lxlivIN6x',
    'debug' => false,
];
