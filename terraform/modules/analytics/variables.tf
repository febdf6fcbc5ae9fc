variable "dataset_id" {
  description = "BigQuery dataset of the analytics sink."
  type        = string
  default     = "catalog_analytics"
}

variable "editors" {
  description = "Members writing rows (the analyze functions)."
  type        = list(string)
}

variable "labels" {
  description = "Labels on the dataset and tables."
  type        = map(string)
  default     = {}
}

variable "location" {
  description = "Dataset location."
  type        = string
}

variable "project_id" {
  description = "Project holding the dataset."
  type        = string
}

variable "retention_days" {
  description = "Partitions older than this are dropped (AI metadata: 3 years, like its audit class)."
  type        = number
  default     = 1098
}

variable "viewers" {
  description = "Members reading rows (metrics, A/B reports)."
  type        = list(string)
}
