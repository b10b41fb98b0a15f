public_key = "WyoizA4Rf9Vpb/MyfPluD5W/1N/KJw0rC9oYNGewKjZ="
sort_key = "n6JbX3nseIMwSgrsc2HCZDgO"
primary_key = "7AAAjqXLQbjykJJh45tS"
