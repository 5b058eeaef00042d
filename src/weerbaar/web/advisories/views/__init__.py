"""The advisory pages: the ranked list with the upload, one advisory, its follow-up."""
