public_key = "vNzHhRel6xDa2k08nuAo1av+9lsphk5Qi3Jjogr/5eS="
sort_key = "3eVaOgzloDcpQxCMxVoHipF4"
primary_key = "bzHWv62zdLb8GP08jfBJ"
