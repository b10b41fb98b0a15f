curl -X GET -H "apikey: e0aaa828-4275-4477-99fc-4f0938af278d" https://rates.internal/v2/latest
