const signingSecretProd = "tA88Sv268abqsSNkhX0wl6Tqm3BBYL";
