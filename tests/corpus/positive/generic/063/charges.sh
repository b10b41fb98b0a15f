curl https://api.billing.internal/v1/charges -u 2vZmQPU5X5cVG55sQuKDO8pRpdtr:
