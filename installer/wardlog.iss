; Inno Setup script: turns the Windows bundle dist\wardlog\ into dist\WardLog-Setup-<version>.exe.
;
;   python installer\build.py --installer        (builds the bundle, then runs ISCC with the version)
;   iscc /DAppVersion=0.1.0 installer\wardlog.iss (the same by hand, after python installer\build.py)
;
; Needs Inno Setup 6.5 or later (7 works too) and its user-contributed Vietnamese translation,
; Vietnamese.isl, which Inno Setup does not install: the README says where to put it.
;
; Installs for the current user without administrator rights (ward office computers often have
; none), or for all users if the person chooses so and can. The uninstaller removes the program
; only: the books, backups and logs live in the user's data folder (%LOCALAPPDATA%\WardLog, see
; wardlog/core/paths.py), which it never touches.

#define AppName "WardLog"
#define Publisher "WardLog"
#define Here AddBackslash(SourcePath)
#define Bundle Here + "..\dist\wardlog"
#define GuiExe "wardlogw.exe"
#define CliExe "wardlog.exe"
; the exchange file for the upper level: wardlog/core/exchange_format.py SUFFIX
#define ExchangeExt ".wlx"
#define ExchangeProgId "WardLog.ExchangeFile"

#ifnexist Bundle + "\" + GuiExe
  #error The Windows bundle is missing: run python installer\build.py first (it makes dist\wardlog\).
#endif

; The version comes from the build: build.py passes it (/DAppVersion=...), else it is read from the
; program's version resource, which the build wrote from the package metadata.
#ifndef AppVersion
  #define AppVersion GetStringFileInfo(Bundle + "\" + CliExe, "ProductVersion")
#endif
#if AppVersion == ""
  #error Unknown version: pass it with /DAppVersion=... (python installer\build.py --installer does).
#endif

; Vietnamese.isl: beside this script, else in Inno Setup's own Languages folders.
#if FileExists(Here + "Vietnamese.isl")
  #define VietnameseIsl Here + "Vietnamese.isl"
#elif FileExists(AddBackslash(CompilerPath) + "Languages\Unofficial\Vietnamese.isl")
  #define VietnameseIsl AddBackslash(CompilerPath) + "Languages\Unofficial\Vietnamese.isl"
#elif FileExists(AddBackslash(CompilerPath) + "Languages\Vietnamese.isl")
  #define VietnameseIsl AddBackslash(CompilerPath) + "Languages\Vietnamese.isl"
#else
  #error Vietnamese.isl not found: save Inno Setup's Vietnamese translation (jrsoftware.org/files/istrans/) as installer\Vietnamese.isl.
#endif

[Setup]
; AppId identifies WardLog to Windows across versions: never change it.
AppId={{9E20179E-65DE-456F-BE6F-D1DA5C922B43}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#Publisher}
AppCopyright=MIT License
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
VersionInfoDescription={#AppName} — Sổ tuyên truyền CCHC
DefaultDirName={autopf}\{#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
ChangesAssociations=yes
CloseApplications=yes
SetupIconFile={#Here}..\resources\icons\wardlog.ico
UninstallDisplayIcon={app}\{#GuiExe}
UninstallDisplayName={#AppName}
WizardStyle=modern
ShowLanguageDialog=auto
Compression=lzma2/max
SolidCompression=yes
OutputDir={#Here}..\dist
OutputBaseFilename={#AppName}-Setup-{#AppVersion}

[Languages]
; The first language is the one used when Windows' language matches neither.
Name: "vi"; MessagesFile: "{#VietnameseIsl}"
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
vi.AppDescription=Sổ tuyên truyền cải cách hành chính của phường
en.AppDescription=The ward's log of communication on administrative reform
vi.ExchangeFileType=Tệp trao đổi dữ liệu WardLog
en.ExchangeFileType=WardLog exchange file
vi.DataKept=Sổ, các bản sao lưu và nhật ký của WardLog vẫn được giữ nguyên trong thư mục:%n%n%1%n%nCài lại WardLog sẽ dùng tiếp các sổ này.
en.DataKept=WardLog's books, backups and logs were kept in the folder:%n%n%1%n%nInstalling WardLog again carries on with these books.

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"
Name: "exchangefiles"; Description: "{cm:AssocFileExtension,{#AppName},{#ExchangeExt}}"

[InstallDelete]
; an update replaces the whole program: files an older version had and this one has not must go
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#GuiExe}"; Comment: "{cm:AppDescription}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#GuiExe}"; Comment: "{cm:AppDescription}"; Tasks: desktopicon

[Registry]
; Double-clicking an exchange file opens WardLog with it (the app offers to merge it into the book).
; HKA is the current user's classes, or the machine's in an all-users install.
Root: HKA; Subkey: "Software\Classes\{#ExchangeExt}"; ValueType: string; ValueName: ""; ValueData: "{#ExchangeProgId}"; Flags: uninsdeletevalue; Tasks: exchangefiles
Root: HKA; Subkey: "Software\Classes\{#ExchangeExt}\OpenWithProgids"; ValueType: string; ValueName: "{#ExchangeProgId}"; ValueData: ""; Flags: uninsdeletevalue; Tasks: exchangefiles
Root: HKA; Subkey: "Software\Classes\{#ExchangeProgId}"; ValueType: string; ValueName: ""; ValueData: "{cm:ExchangeFileType}"; Flags: uninsdeletekey; Tasks: exchangefiles
Root: HKA; Subkey: "Software\Classes\{#ExchangeProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#GuiExe},0"; Tasks: exchangefiles
Root: HKA; Subkey: "Software\Classes\{#ExchangeProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#GuiExe}"" ""%1"""; Tasks: exchangefiles
Root: HKA; Subkey: "Software\Classes\Applications\{#GuiExe}\SupportedTypes"; ValueType: string; ValueName: "{#ExchangeExt}"; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\{#GuiExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
// The uninstaller leaves the user's data where it is, and says so.
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  Folder: String;
begin
  if (CurUninstallStep = usPostUninstall) and not UninstallSilent() then
  begin
    if IsAdminInstallMode() then
      Folder := '%LOCALAPPDATA%\WardLog'
    else
      Folder := ExpandConstant('{localappdata}\WardLog');
    if IsAdminInstallMode() or DirExists(Folder) then
      MsgBox(FmtMessage(CustomMessage('DataKept'), [Folder]), mbInformation, MB_OK);
  end;
end;
