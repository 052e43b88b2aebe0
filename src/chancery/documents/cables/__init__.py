"""Diplomatic cables between headquarters and missions abroad (the models live in
``documents.models.cables``; this package holds everything else about cables)."""
