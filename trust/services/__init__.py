"""Writes of the trust app, split by noun: findings, verification, reviews, invitations, consents."""
