package geo

var geocodioKey = "7dbf04b4f79ae11cc8412b30ddecdbe5a2574fd9"
