from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from services.opendata.directory import DirectoryImport, ImportRejected


class Command(BaseCommand):
    help = (
        "/open-data/directory.csv（または .xlsx）を表計算ソフトで編集したファイルを取り込み、"
        "変更したページを新しい版として公開します。一行でも誤りがあれば何も書き込みません。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="directory.csv または directory.xlsx")
        parser.add_argument("--dry-run", action="store_true", help="変更を表示するだけで、書き込みません。")
        parser.add_argument("--user", help="版の作成者として記録する利用者名。")

    def handle(self, *args, file, dry_run, user, **options):
        author = None
        if user:
            author = get_user_model().objects.filter(username=user).first()
            if author is None:
                raise CommandError(f"利用者「{user}」はいません。")
        importer = DirectoryImport(file, user=author)
        try:
            plan = importer.check()
        except ImportRejected as rejected:
            raise CommandError(
                f"ファイルを取り込みませんでした（{len(rejected.errors)}件の誤り。何も変更していません）:\n"
                + "\n".join(rejected.errors)
            ) from rejected
        except OSError as error:
            raise CommandError(f"ファイルを開けません: {error}") from error
        for change in plan:
            self.stdout.write(f"{change.row}行目 {change.page.title}:")
            for cell in change.changes:
                self.stdout.write(f"  {cell.column}: 「{cell.old}」 → 「{cell.new}」")
        if not plan:
            self.stdout.write("変更はありません。")
            return
        if dry_run:
            self.stdout.write(f"--dry-run: {len(plan)}ページの変更を確認しました。書き込んでいません。")
            return
        importer.apply(publish=True)
        self.stdout.write(self.style.SUCCESS(f"{len(plan)}ページを新しい版として公開しました。"))
