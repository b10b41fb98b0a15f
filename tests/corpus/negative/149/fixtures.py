token = "336d8be8-212b-4600-8691-4d6ced5b5d33"
key = "c0c03ee5-4933-40f2-83f8-946c12f3292a"
dummy_api_token = "7e5ba0e4-1bf6-4fe5-bf41-b6b7c69421b3"
