package main

import "os"

var token = os.Getenv("GITHUB_TOKEN")
