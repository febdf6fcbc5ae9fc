variable "labels" {
  description = "Labels on the instance."
  type        = map(string)
  default     = {}
}

variable "memory_size_gb" {
  description = "Memory of the instance (the top 10K records need well under 1 GB)."
  type        = number
}

variable "name" {
  description = "Instance name."
  type        = string
}

variable "network_id" {
  description = "VPC the instance is reachable from (through the functions' VPC connector)."
  type        = string
}

variable "project_id" {
  description = "Project holding the instance."
  type        = string
}

variable "region" {
  description = "Region of the instance."
  type        = string
}

variable "high_availability" {
  description = "STANDARD_HA (replica with automatic failover) instead of BASIC."
  type        = bool
}
