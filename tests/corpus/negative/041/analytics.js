gtag('config', 'G-5RC5B262CK');
