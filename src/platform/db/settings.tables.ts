export interface PlatformSettingsTable {
  key: string;
  value: string;
  updated_at: string;
}

export interface SettingsTables {
  platform_settings: PlatformSettingsTable;
}
