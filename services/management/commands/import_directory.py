from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from services.opendata.directory import ImportRejected
from services.opendata.imports import importer_for


class Command(BaseCommand):
    help = (
        "/open-data/directory.csv または /open-data/place-directory.csv（.xlsx も可）を表計算ソフトで編集した"
        "ファイルを取り込み、変更したページを新しい版として公開します（id が空の居場所の行は、そのエリアに"
        "新しい居場所を作ります）。一行でも誤りがあれば何も書き込みません。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="directory.csv / place-directory.csv（または .xlsx）")
        parser.add_argument("--dry-run", action="store_true", help="変更を表示するだけで、書き込みません。")
        parser.add_argument("--user", help="版の作成者として記録する利用者名。")

    def handle(self, *args, file, dry_run, user, **options):
        author = None
        if user:
            author = get_user_model().objects.filter(username=user).first()
            if author is None:
                raise CommandError(f"利用者「{user}」はいません。")
        try:
            importer = importer_for(file, user=author)
            plan = importer.check()
        except ImportRejected as rejected:
            raise CommandError(
                f"ファイルを取り込みませんでした（{len(rejected.errors)}件の誤り。何も変更していません）:\n"
                + "\n".join(rejected.errors)
            ) from rejected
        except OSError as error:
            raise CommandError(f"ファイルを開けません: {error}") from error
        for change in plan:
            self.stdout.write(f"{change.row}行目 {change.title}:")
            for cell in change.changes:
                self.stdout.write(f"  {cell.column}: 「{cell.old}」 → 「{cell.new}」")
        if not plan:
            self.stdout.write("変更はありません。")
            return
        if dry_run:
            self.stdout.write(f"--dry-run: {len(plan)}ページの変更を確認しました。何も書き込んでいません。")
            return
        importer.apply(publish=True)
        self.stdout.write(self.style.SUCCESS(f"{len(plan)}ページを新しい版として公開しました。"))
