package model

// The embedded data in data/ is generated from an installed botocore; README.md gives the
// refresh steps. To regenerate: go generate ./awsapi/model
//go:generate go run ./gen -out data
