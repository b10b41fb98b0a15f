package config

// SquareAccessToken is used by the client.
const SquareAccessToken = "EAAA0pURUko8QDlRnXrr_9EflyBkAM6MFiLHH-cY4wWnqsPm89SejtvMfLZyTU-a"
