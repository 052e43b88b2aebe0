from django.db import connection


def test_search_extensions_are_installed(db: None) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension")
        installed = {row[0] for row in cursor.fetchall()}
    assert {"unaccent", "pg_trgm"} <= installed


def test_vietnamese_search_ignores_diacritics(db: None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT to_tsvector('chancery_vi', 'Bộ Ngoại giao Việt Nam') "
            "@@ plainto_tsquery('chancery_vi', 'ngoai giao viet nam')"
        )
        assert cursor.fetchone()[0] is True
