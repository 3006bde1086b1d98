// Command nimbus is a terminal UI that explores AWS the way boto3 lets a program explore it.
package main

func main() {}
