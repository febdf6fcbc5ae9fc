variable "alert_email" {
  description = "Where alert notifications go (an on-call list)."
  type        = string
}

variable "environment" {
  description = "staging or production (in each policy's name)."
  type        = string
}

variable "project_id" {
  description = "Project holding the policies."
  type        = string
}

variable "work_subscriptions" {
  description = "Subscriptions whose backlog counts as pending jobs (dead-letter queues excluded)."
  type        = list(string)
}
