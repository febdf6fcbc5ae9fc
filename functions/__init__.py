"""Cloud Functions entry points: parse the trigger, call one service, shape the reply."""
