# State in a versioned bucket of the environment's project, created once by hand (README).
terraform {
  backend "gcs" {
    prefix = "catalog/production"
  }
}
