"""Speed of ``nashra.ingest.decode.decode_bytes`` on synthetic Arabic news pages.

Builds N pages of about ``--page-bytes`` bytes each by shuffling a few Arabic news sentences
written for this benchmark, encodes them once in UTF-8 and once in windows-1256, and times
decoding each set. With ``--charset-normalizer`` it also times charset-normalizer's best guess on
the windows-1256 pages and counts how many it decodes back exactly, for comparison.

    python bench/decode.py --n 5000

The last line printed is one JSON object, e.g.
``{"n": 5000, "utf8_pages_per_s": …, "cp1256_pages_per_s": …}``.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections.abc import Callable

from nashra.ingest.decode import decode_bytes

SENTENCES = (
    "أعلن وزير الداخلية يوم الأحد عن خطة جديدة لتعزيز التعاون الأمني مع دول الجوار.",
    "وقال المتحدث باسم الحكومة إن المفاوضات ستستأنف في العاصمة خلال الأسبوع المقبل.",
    "وشهدت أسواق المال ارتفاعا ملحوظا بعد صدور أرقام التضخم لشهر مارس.",
    "وأكد رئيس البلدية أن أشغال الطريق الساحلي ستنتهي قبل نهاية الصيف.",
    "وفي سياق متصل، دعت نقابات التعليم إلى إضراب وطني احتجاجا على تأخر صرف الأجور.",
    "من جهته، أشار الخبير الاقتصادي إلى أن الجفاف أثر على المحاصيل الزراعية هذا العام.",
    "وتوج المنتخب الوطني بلقب البطولة الإفريقية بعد فوزه في المباراة النهائية.",
    "ونقلت وكالة الأنباء عن مصادر مطلعة أن الزيارة تهدف إلى بحث ملفات الهجرة والطاقة.",
    "«نحن أمام مرحلة جديدة»، يقول أحد المسؤولين في تصريح للصحافة؛ فما الذي تغير؟",
    "وسجلت مصالح الأرصاد الجوية تساقطات مطرية مهمة في المناطق الشمالية والشرقية.",
)


def build_pages(n: int, page_bytes: int, seed: int = 1) -> list[str]:
    """N pages of shuffled sentences, each about ``page_bytes`` bytes in UTF-8."""
    rng = random.Random(seed)
    pages = []
    for _ in range(n):
        parts: list[str] = []
        size = 0
        while size < page_bytes:
            sentence = rng.choice(SENTENCES)
            parts.append(sentence)
            size += len(sentence.encode("utf-8")) + 1
        pages.append("\n".join(parts))
    return pages


def time_pages(decode: Callable[[bytes], str], pages: list[bytes]) -> tuple[float, list[str]]:
    start = time.perf_counter()
    texts = [decode(data) for data in pages]
    return len(pages) / (time.perf_counter() - start), texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=5000, help="pages per encoding")
    parser.add_argument("--page-bytes", type=int, default=5000, help="approximate UTF-8 page size")
    parser.add_argument(
        "--charset-normalizer", action="store_true", help="also time charset-normalizer"
    )
    args = parser.parse_args()

    pages = build_pages(args.n, args.page_bytes)
    utf8 = [page.encode("utf-8") for page in pages]
    cp1256 = [page.encode("cp1256") for page in pages]

    def ours(data: bytes) -> str:
        return decode_bytes(data, origin="bench")

    utf8_rate, utf8_texts = time_pages(ours, utf8)
    cp1256_rate, cp1256_texts = time_pages(ours, cp1256)
    assert utf8_texts == pages and cp1256_texts == pages, "decode_bytes got a page wrong"
    print(
        f"decode_bytes on {args.n} synthetic Arabic pages of ~{args.page_bytes} bytes: "
        f"{utf8_rate:,.0f} pages/s in UTF-8, {cp1256_rate:,.0f} pages/s in windows-1256 "
        f"(every page decoded back exactly)."
    )
    result = {
        "n": args.n,
        "utf8_pages_per_s": round(utf8_rate, 1),
        "cp1256_pages_per_s": round(cp1256_rate, 1),
    }
    if args.charset_normalizer:
        from charset_normalizer import from_bytes

        def theirs(data: bytes) -> str:
            best = from_bytes(data).best()
            return "" if best is None else str(best)

        cn_rate, cn_texts = time_pages(theirs, cp1256)
        exact = sum(text == page for text, page in zip(cn_texts, pages))
        print(
            f"charset-normalizer on the same windows-1256 pages: {cn_rate:,.0f} pages/s, "
            f"{exact} of {args.n} decoded back exactly."
        )
        result["charset_normalizer_cp1256_pages_per_s"] = round(cn_rate, 1)
        result["charset_normalizer_cp1256_exact"] = exact
    print(json.dumps(result))


if __name__ == "__main__":
    main()
