curl --header 'Authorization: 7ba189d6-f812-4b43-9775-b07ec2d43ae5' https://api.geo.internal/v1/lookup
