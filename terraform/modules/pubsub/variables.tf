variable "dead_letter_topics" {
  description = "Topics used as dead-letter queues: Pub/Sub's service agent may publish to them."
  type        = set(string)
}

variable "labels" {
  description = "Labels on every topic."
  type        = map(string)
  default     = {}
}

variable "project_id" {
  description = "Project holding the topics."
  type        = string
}

variable "project_number" {
  description = "The project's number (names Pub/Sub's service agent)."
  type        = string
}

variable "publishers" {
  description = "Topic => members allowed to publish to it (and nothing else)."
  type        = map(list(string))
  default     = {}
}

variable "topics" {
  description = "Every topic the code publishes to (shared/topics.py TOPICS), dead-letter queues included."
  type        = set(string)
}
