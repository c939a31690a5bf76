; Auyl Office for Windows: the installer (NSIS 3, Modern UI 2).
;
; Built by installer/build.py after the bundle: makensis -DVERSION=<app.__version__>
;   -DBUNDLE=<dist\AuylOffice> -DOUTFILE=<dist\AuylOffice-<version>-setup.exe> installer\auyl.nsi
; CI on Linux compiles it the same way over a stand-in bundle (installer/stub_bundle.py).
;
; - Per user, without administrator rights: into %LOCALAPPDATA%\Programs\AuylOffice, shortcuts and
;   the Add/Remove Programs entry for this user only (HKCU).
; - Upgrade in place: a second run finds the first install (its InstallLocation) and replaces the
;   program files only. It never touches the data folder %LOCALAPPDATA%\Auyl\AuylOffice (database,
;   backups, log): the new program migrates the database itself, after a backup, on its first start.
; - The uninstaller leaves the data unless the user ticks "Remove my data" on its components page.
;
; References (NSIS 3 manual, https://nsis.sourceforge.io/Docs/): Unicode, RequestExecutionLevel,
; InstallDirRegKey, File /r, CreateShortcut, WriteRegStr/WriteRegDWORD, DeleteRegKey, LangString,
; Section /o; Modern UI 2: https://nsis.sourceforge.io/Docs/Modern%20UI%202/Readme.html

Unicode true  ; NSIS 3: a Unicode installer, so Kazakh letters show on any system locale (manual 4.8.2)

!ifndef VERSION
  !error "VERSION is not defined: run installer/build.py, or makensis -DVERSION=x.y.z"
!endif
!ifndef BUNDLE
  !error "BUNDLE is not defined: the folder PyInstaller built (dist\AuylOffice)"
!endif
!ifndef OUTFILE
  !define OUTFILE "AuylOffice-${VERSION}-setup.exe"
!endif

!define PRODUCT "Auyl Office"
; One shortcut name for every installer language, so an upgrade in another language replaces it.
!define SHORTCUT "Auyl Office — Ауыл кеңсесі"
!define WINDOW_EXE "AuylOffice.exe"  ; windowed: the shortcuts start it (installer/layout.py)
!define CONSOLE_EXE "auyl.exe"       ; the command line (auyl init, auyl report ...)
; Add/Remove Programs reads per-user entries from this key under HKCU.
; https://learn.microsoft.com/windows/win32/msi/uninstall-registry-key
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\AuylOffice"
; The data folder: platformdirs' user_data_dir("AuylOffice", "Auyl") on Windows (app/paths.py).
!define DATA_DIR "$LOCALAPPDATA\Auyl\AuylOffice"
; Qt's per-user preferences: QSettings("Auyl", "AuylOffice") (app/ui/application.py).
!define PREFERENCES_KEY "Software\Auyl\AuylOffice"

Name "${SHORTCUT}"
OutFile "${OUTFILE}"
; "user": no UAC prompt; a per-user install needs no elevation (manual 4.8.1.36).
RequestExecutionLevel user
; The default; LOCALAPPDATA\Programs is Windows' per-user program folder (FOLDERID_UserProgramFiles).
InstallDir "$LOCALAPPDATA\Programs\AuylOffice"
; A previous install's folder wins over InstallDir, so an upgrade goes where the first one went.
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
SetCompressor /SOLID lzma
ManifestDPIAware true
ShowInstDetails nevershow
ShowUninstDetails nevershow
BrandingText "${PRODUCT} ${VERSION}"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"

; Modern UI settings: these defines must come before the page macros (MUI2 Readme, "Interface settings").
!define MUI_ICON "..\resources\icons\auyl.ico"  ; relative to this script's folder (makensis works there)
!define MUI_UNICON "..\resources\icons\auyl.ico"
!define MUI_ABORTWARNING
!define MUI_UNABORTWARNING
!define MUI_COMPONENTSPAGE_NODESC  ; the two uninstall choices say enough in their names
; The installer language chosen once is remembered for the uninstaller and later upgrades.
!define MUI_LANGDLL_REGISTRY_ROOT HKCU
!define MUI_LANGDLL_REGISTRY_KEY "${UNINSTALL_KEY}"
!define MUI_LANGDLL_REGISTRY_VALUENAME "InstallerLanguage"
!define MUI_LANGDLL_ALLLANGUAGES

!define MUI_WELCOMEPAGE_TEXT "$(WelcomeText)"  ; says what an upgrade does with the data
!insertmacro MUI_PAGE_WELCOME
!define MUI_PAGE_CUSTOMFUNCTION_PRE SkipDirectoryOnUpgrade
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\${WINDOW_EXE}"
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

; Kazakh first (the default); NSIS ships no Kazakh language file, so ours is in installer/nsis
; (MUI_LANGUAGEEX: Contrib/Modern UI 2/Localization.nsh).
!insertmacro MUI_LANGUAGEEX "nsis" "Kazakh"
!insertmacro MUI_LANGUAGE "Russian"
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_RESERVEFILE_LANGDLL

; Our own messages in the three languages (manual 4.9.16.1 LangString).
LangString ProgramSection ${LANG_KAZAKH} "Auyl Office бағдарламасы"
LangString ProgramSection ${LANG_RUSSIAN} "Программа Auyl Office"
LangString ProgramSection ${LANG_ENGLISH} "The Auyl Office program"
LangString DataSection ${LANG_KAZAKH} "Деректерімді де жою (дерекқор, сақтық көшірмелер, журнал)"
LangString DataSection ${LANG_RUSSIAN} "Удалить и мои данные (база данных, резервные копии, журнал)"
LangString DataSection ${LANG_ENGLISH} "Remove my data too (database, backups, log)"
LangString ConfirmDataRemoval ${LANG_KAZAKH} "Округтің барлық деректері (тізілім, жиындар, шешімдер, сақтық көшірмелер) біржола жойылады:$\r$\n${DATA_DIR}$\r$\n$\r$\nЖоюды жалғастырасыз ба?"
LangString ConfirmDataRemoval ${LANG_RUSSIAN} "Все данные округа (реестр, сходы, решения, резервные копии) будут удалены безвозвратно:$\r$\n${DATA_DIR}$\r$\n$\r$\nПродолжить удаление?"
LangString ConfirmDataRemoval ${LANG_ENGLISH} "All the district's data (the register, meetings, decisions, backups) will be deleted for good:$\r$\n${DATA_DIR}$\r$\n$\r$\nGo on?"
LangString WelcomeText ${LANG_KAZAKH} "Бұл шебер компьютеріңізге $(^NameDA) ${VERSION} нұсқасын орнатады.$\r$\n$\r$\nБағдарлама бұрыннан орнатылған болса, ол жаңартылады: деректеріңіз (дерекқор мен сақтық көшірмелер) орнында қалады, ал дерекқорды бағдарлама алғаш ашылғанда алдымен көшірмесін сақтап барып жаңартады.$\r$\n$\r$\n$_CLICK"
LangString WelcomeText ${LANG_RUSSIAN} "Мастер установит на компьютер $(^NameDA) версии ${VERSION}.$\r$\n$\r$\nЕсли программа уже установлена, она будет обновлена: ваши данные (база данных и резервные копии) останутся на месте, а базу данных программа обновит при первом запуске, сначала сохранив её копию.$\r$\n$\r$\n$_CLICK"
LangString WelcomeText ${LANG_ENGLISH} "This will install $(^NameDA) ${VERSION} on your computer.$\r$\n$\r$\nIf it is already installed, it is upgraded: your data (the database and its backups) stays where it is, and the program upgrades the database on its first start, after keeping a copy.$\r$\n$\r$\n$_CLICK"
LangString ProgramRunning ${LANG_KAZAKH} "Auyl Office ашық тұр. Бағдарламаны жауып, «Қайталау» батырмасын басыңыз."
LangString ProgramRunning ${LANG_RUSSIAN} "Auyl Office открыт. Закройте программу и нажмите «Повтор»."
LangString ProgramRunning ${LANG_ENGLISH} "Auyl Office is open. Close it, then press Retry."

VIProductVersion "${VERSION}.0"  ; the file's version resource wants four numbers
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileDescription" "${PRODUCT} ${VERSION} setup"
VIAddVersionKey /LANG=${LANG_ENGLISH} "CompanyName" "Auyl"
VIAddVersionKey /LANG=${LANG_ENGLISH} "LegalCopyright" "MIT licence"

; Waits until the program is closed: a running .exe cannot be opened for writing, so its files
; cannot be replaced. Nothing is closed by force: the user may have unsaved work open.
!macro WaitUntilClosed FILE
  ${If} ${FileExists} "$INSTDIR\${FILE}"
    ${Do}
      ClearErrors
      FileOpen $0 "$INSTDIR\${FILE}" a
      ${IfNot} ${Errors}
        FileClose $0
        ${Break}
      ${EndIf}
      MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(ProgramRunning)" /SD IDCANCEL IDRETRY +2
      Abort
    ${Loop}
  ${EndIf}
!macroend

Function .onInit
  !insertmacro MUI_LANGDLL_DISPLAY
FunctionEnd

Function SkipDirectoryOnUpgrade
  ; An upgrade goes into the installed folder: asking again would invite a second copy.
  ReadRegStr $0 HKCU "${UNINSTALL_KEY}" "InstallLocation"
  ${If} $0 != ""
  ${AndIf} ${FileExists} "$0\${WINDOW_EXE}"
    Abort  ; in a page's pre function, Abort skips the page (MUI2 Readme, "Page custom functions")
  ${EndIf}
FunctionEnd

Section "$(ProgramSection)" SecProgram
  SectionIn RO
  !insertmacro WaitUntilClosed "${WINDOW_EXE}"
  !insertmacro WaitUntilClosed "${CONSOLE_EXE}"
  ; The previous version's libraries go first, so none of its files outlive it; the data folder
  ; is elsewhere (DATA_DIR) and is left alone.
  RMDir /r "$INSTDIR\_internal"
  SetOutPath "$INSTDIR"
  File "${BUNDLE}\${WINDOW_EXE}"
  File "${BUNDLE}\${CONSOLE_EXE}"
  SetOutPath "$INSTDIR\_internal"
  File /r "${BUNDLE}\_internal\*.*"
  SetOutPath "$INSTDIR"  ; the shortcuts' working folder
  WriteUninstaller "$INSTDIR\uninstall.exe"

  ; Per-user shortcuts: with RequestExecutionLevel user, $SMPROGRAMS and $DESKTOP are this user's.
  CreateShortcut "$SMPROGRAMS\${SHORTCUT}.lnk" "$INSTDIR\${WINDOW_EXE}" "" "$INSTDIR\${WINDOW_EXE}" 0
  CreateShortcut "$DESKTOP\${SHORTCUT}.lnk" "$INSTDIR\${WINDOW_EXE}" "" "$INSTDIR\${WINDOW_EXE}" 0

  ; Add/Remove Programs: DisplayName and UninstallString are required, the rest shown when present
  ; (NSIS wiki "Add uninstall information to Add/Remove Programs"). Quoted paths: spaces are allowed.
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${SHORTCUT}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "Auyl"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$\"$INSTDIR\${WINDOW_EXE}$\",0"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" "$\"$INSTDIR\uninstall.exe$\""
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" "$\"$INSTDIR\uninstall.exe$\" /S"
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2  ; FileFunc.nsh; EstimatedSize is in KiB
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" $0
SectionEnd

Function un.onInit
  !insertmacro MUI_UNGETLANGUAGE
FunctionEnd

Section "un.$(ProgramSection)" SecUnProgram
  SectionIn RO
  !insertmacro WaitUntilClosed "${WINDOW_EXE}"
  !insertmacro WaitUntilClosed "${CONSOLE_EXE}"
  Delete "$SMPROGRAMS\${SHORTCUT}.lnk"
  Delete "$DESKTOP\${SHORTCUT}.lnk"
  ; The program's own files only, never RMDir /r "$INSTDIR": the user may have chosen a folder
  ; that holds other files.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${WINDOW_EXE}"
  Delete "$INSTDIR\${CONSOLE_EXE}"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"  ; only if empty
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
SectionEnd

; /o: unticked unless the user ticks it (manual 4.6.1.2 Section). A silent uninstall (/S) keeps the data.
Section /o "un.$(DataSection)" SecUnData
  MessageBox MB_YESNO|MB_ICONEXCLAMATION|MB_DEFBUTTON2 "$(ConfirmDataRemoval)" /SD IDNO IDYES +2
  Return
  RMDir /r "${DATA_DIR}"
  RMDir "$LOCALAPPDATA\Auyl"  ; only if empty
  DeleteRegKey HKCU "${PREFERENCES_KEY}"
  DeleteRegKey /ifempty HKCU "Software\Auyl"
SectionEnd
