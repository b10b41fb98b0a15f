public_key = "LgKhwwuP1lxnC/UbfphNWHQm/2d+CoWS6htQhdnNbOe="
sort_key = "MDRgI1OZhV0fme636pg3fccn"
primary_key = "f2ON1OgeFZJ0iohR34XG"
