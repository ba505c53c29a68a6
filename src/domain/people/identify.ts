import type { Person, Platform, Speaker } from './person.ts'

/** The one lookup identifying needs (the People repository has it). */
export interface PlatformDirectory {
  findByPlatformId(platform: Platform, userId: string): Promise<Person | undefined>
}

/**
 * Who wrote a message: the person on the roster with that platform id, or else a requester (a
 * student or teacher) known only by the platform's id and the name it showed.
 */
export async function identifySpeaker(directory: PlatformDirectory, platform: Platform, userId: string, displayName: string): Promise<Speaker> {
  const person = await directory.findByPlatformId(platform, userId)
  if (person) return { kind: 'person', person }
  return { kind: 'requester', platform, userId, name: displayName.trim() || userId }
}
